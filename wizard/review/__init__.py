"""The review of a dossier between submission and receipt, beside the state machine
(`wizard.workflow`): snapshots of each round, step comments, the diff between rounds, the
transmitted files and the e-mails.

The public verbs are re-exported here (`review.add_comment`, `review.snapshots`…).
"""

from wizard.review.comments import (
    add_change_requests,
    add_comment,
    comments_for,
    is_piece_key,
    open_counts,
    open_to_comments,
    piece_key,
    reopen,
    resolve,
    status_of,
)
from wizard.review.decisions import decided_lines, instruction_of, lines_of
from wizard.review.snapshots import costing_json, snapshots, take_snapshot
from wizard.review.transmission import acknowledge, store_transmission, transmission_of

__all__ = [
    "acknowledge", "add_change_requests", "add_comment", "comments_for", "costing_json",
    "decided_lines", "instruction_of", "is_piece_key", "lines_of", "open_counts", "open_to_comments", "piece_key", "reopen", "resolve",
    "snapshots", "status_of", "store_transmission", "take_snapshot", "transmission_of",
]
