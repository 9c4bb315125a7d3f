"""Kesenjangan page (`page.GapsPage`): the gaps of one employee and of a unit."""
