"""Pegawai page (`page.EmployeesPage`): the filtered employee table, the detail panel and the
employee form."""
