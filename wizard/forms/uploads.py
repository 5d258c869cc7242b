"""The supporting documents' form: one file (its type and size are checked from its bytes
by wizard.operations.attachments, not here)."""

from flask_wtf.file import FileField, FileRequired

from wizard.forms import BaseForm


class AttachmentForm(BaseForm):
    """One file to add to a checklist line, or to put in place of a stored one."""

    file = FileField("Fichier", [FileRequired("Choisissez un fichier à joindre.")])


def attachment_form(suffix, bound: bool = False) -> AttachmentForm:
    """A blank form (bound to the request's data when `bound`) whose file field's id ends
    with `-<suffix>`, so that a page can show one per checklist line and per file."""
    form = AttachmentForm() if bound else AttachmentForm(formdata=None)
    form.file.id = form.file.label.field_id = f"fichier-{suffix}"
    # the file is needed to send the form, not the piece to submit the dossier: no
    # « (obligatoire) » beside an optional piece (a form sent without a file gets a message)
    form.file.flags.required = False
    return form
