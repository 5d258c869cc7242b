"""Why an operation refuses: French messages for the user, in `args[0]`."""


class OperationError(Exception):
    """The operation is not allowed now (French message in args[0])."""


class VersionConflict(OperationError):
    """The dossier changed since the form was displayed."""
