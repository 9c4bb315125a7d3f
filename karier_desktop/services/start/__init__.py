"""What the window shows first: the plain rows (`rows`), the start view kept in the database file
(`view`, read without SQLAlchemy) and its computation (`snapshot`).

This package's own import stays empty: `view` and `rows` are imported before SQLAlchemy is
loaded, and importing `snapshot` here would load it.
"""
