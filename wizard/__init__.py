"""Assistant for municipal social-mediation projects.

`create_app` is imported lazily so that ``import wizard.costing`` does not load Flask.
"""


def create_app(config=None):
    """Build the Flask application (see wizard.app.create_app)."""
    from wizard.app import create_app as _create_app

    return _create_app(config)
