"""Pelatihan page (`page.TrainingPage`): the catalogue, programmes and training records, with
their dialogs."""
