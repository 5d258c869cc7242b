"""Every change of a dossier, as verbs; each checks the current state, records who and when
(an audit event) and leaves the commit to the caller (one transaction per request).

- `dossiers`: create, save a step, duplicate, delete a draft, move to another parameter
  set, record a download of what was transmitted;
- `scenarios`: scenario B (create, save, delete, adopt);
- `sharing`: co-editors (invite, revoke);
- `exchange`: import of a dossier file (and its export);
- `attestation`: the attestation sur l'honneur signed at submission;
- `renewal`: the next year's dossier renewing a decided one (and the statutes and RIB).

The review's state changes go through `wizard.workflow` (one record per transition).
"""

from wizard.operations.attestation import (
    Attestation,
    NotAttested,
    latest_attestation,
    record_attestation,
)
from wizard.operations.dossiers import (
    check_editable,
    conflict_message,
    create_dossier,
    delete_draft,
    duplicate_dossier,
    move_parameters,
    record_download,
    save_step,
    sync_columns,
)
from wizard.operations.errors import OperationError, VersionConflict
from wizard.operations.renewal import RENEWABLE_STATES, renew_dossier, renewal_of
from wizard.operations.scenarios import PENDING_KEY as SCENARIO_PENDING_KEY
from wizard.operations.scenarios import (
    adopt_scenario,
    create_scenario,
    delete_scenario,
    save_scenario,
    scenario_b,
    with_intervention,
)
from wizard.operations.sharing import invite_co_editor, revoke_co_editor

__all__ = [
    "RENEWABLE_STATES", "SCENARIO_PENDING_KEY", "Attestation", "NotAttested", "OperationError", "VersionConflict", "adopt_scenario", "check_editable",
    "conflict_message", "create_dossier", "create_scenario", "delete_draft", "delete_scenario",
    "duplicate_dossier", "invite_co_editor", "latest_attestation", "move_parameters", "record_download",
    "record_attestation", "renew_dossier", "renewal_of", "revoke_co_editor", "save_scenario", "save_step", "scenario_b", "sync_columns",
    "with_intervention",
]
