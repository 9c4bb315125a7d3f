"""The Talenta page (`page.TalentPage`): 9-box map, succession and retirement forecast, one
module per part. Nothing is imported here, so Beranda's small view (`home_view`) loads without
the services (and SQLAlchemy) at start."""
