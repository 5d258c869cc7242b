"""Extra commands on Flask-Migrate's `db` group."""


def register(app):
    """Nothing extra yet beyond Flask-Migrate's `db upgrade/downgrade/check`."""
    return app
