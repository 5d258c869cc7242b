"""Flask commands: one module per group, registered here."""


def register_commands(app):
    """Attach every command group to `app.cli` (Flask-Migrate provides `db`)."""
    from wizard.cli import (
        assets,
        communes,
        db_extra,
        demo,
        dossier,
        parameters,
        qpv,
        reports,
        users,
    )

    app.cli.add_command(users.users)
    app.cli.add_command(assets.assets)
    app.cli.add_command(communes.communes)
    app.cli.add_command(qpv.qpv)
    app.cli.add_command(demo.demo)
    app.cli.add_command(dossier.dossier)
    app.cli.add_command(parameters.parameters)
    app.cli.add_command(reports.reports)
    db_extra.register(app)
