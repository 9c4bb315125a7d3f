"""Logins, roles and what each user may see (issue 18 items 3 and 4).

Like `services.start`, the package import stays empty so that the start-up check
(`accounts.gate`, stdlib sqlite3 only) loads without SQLAlchemy. Pages and the CLI import the
modules: `roles` (roles and permissions), `users` (the admin's user management), `login`
(authentication with lock-out), `scope` (the unit ids a user may see), `gate` (is a login
required before the window opens).
"""
