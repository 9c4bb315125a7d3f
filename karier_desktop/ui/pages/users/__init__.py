"""Pengguna: the admin's page of logins, roles and the login switch."""

from karier_desktop.ui.pages.users.page import UsersPage

__all__ = ["UsersPage"]
