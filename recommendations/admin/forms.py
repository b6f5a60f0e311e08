"""Forms the admin asks for before acting: evidence, a due date, an owner, a merge target, a timeline entry, a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..ingest import IngestError
from ..ingest.layout import LAYOUTS
from ..ingest.symbols import validate
from ..models import Body, Document, Item, ItemOwner
from ..models.documents import Language
from ..services.revising import amended_symbol


class EvidenceForm(forms.Form):
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence_url = forms.CharField(label=_("evidence: web address"), required=False, max_length=500)
    evidence_symbol = forms.CharField(
        label=_("evidence: UN document symbol"),
        required=False,
        max_length=100,
        help_text=_("e.g. S/RES/2436 (2018), S/PRST/2015/26"),
    )


class DueDateForm(forms.Form):
    """A due date for the selected items; clearing theirs is a choice to tick, never an empty field sent by mistake."""

    due_date = forms.DateField(label=_("due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    clear = forms.BooleanField(label=_("clear the due date"), required=False)

    def clean(self):
        data = super().clean()
        if "due_date" not in data:
            return data  # a date that is no date: its own error says so
        if data["due_date"] is None and not data.get("clear"):
            self.add_error("due_date", _("Choose a date, or tick “clear the due date”."))
        elif data["due_date"] is not None and data.get("clear"):
            self.add_error("clear", _("Either a date or clear the due date, not both."))
        return data


class OwnerForm(forms.Form):
    body = forms.ModelChoiceField(label=_("body"), queryset=Body.objects.order_by("name_en"))
    role = forms.ChoiceField(label=_("role"), choices=ItemOwner.Role.choices, initial=ItemOwner.Role.LEAD)


class MergeTargetField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        # Several items share a paragraph: the key, the kind and the first words tell them apart.
        words = item.quote if len(item.quote) <= 40 else f"{item.quote[:40]}…"
        return f"{item.reference} ({item.key}) · {item.get_kind_display()} · {words}"


class MergeForm(forms.Form):
    into = MergeTargetField(label=_("merge into"), queryset=Item.objects.none())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        # The targets a merge may have (services.merge): the same document's items, not dismissed.
        self.fields["into"].queryset = (
            Item.objects.filter(document__in=items.values("document"))
            .exclude(status=Item.Status.DISMISSED)
            .exclude(pk__in=items.values("pk"))
            .select_related("document", "paragraph")
            .order_by("paragraph__number", "seq")
        )


class ActForm(EvidenceForm):
    """One entry on an item page: a transition, a progress update, a comment or a closing proposal."""

    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    percent = forms.IntegerField(label=_("progress (%)"), required=False, min_value=0, max_value=100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("CSV, XLSX or JSON, in the schema of an export"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ("csv", "xlsx", "json"):
            raise forms.ValidationError(
                _("%(name)s: the file name must end in .csv, .xlsx or .json") % {"name": upload.name}
            )
        self.format = extension
        return upload


# The largest offset a quote column holds; a larger number is refused by the form, not by the database.
OFFSET_MAX = 2**31 - 1


class SpanForm(forms.Form):
    """New bounds of an item's quoted span, in characters of its paragraph."""

    quote_start = forms.IntegerField(label=_("start"), min_value=0, max_value=OFFSET_MAX)
    quote_end = forms.IntegerField(label=_("end"), min_value=0, max_value=OFFSET_MAX)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=OFFSET_MAX)


class AddresseeForm(forms.Form):
    """An unresolved addressee mapped to an existing body, or to a new one."""

    addressee = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=OFFSET_MAX)
    body = forms.ModelChoiceField(label=_("existing body"), queryset=Body.objects.order_by("name_en"), required=False)
    code = forms.CharField(label=_("or a new body: code"), max_length=20, required=False)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        new = any(data.get(name) for name in ("code", "name_en", "name_zh"))
        if data.get("body") and new:
            raise forms.ValidationError(_("Choose an existing body or describe a new one, not both."))
        if not data.get("body") and not new:
            raise forms.ValidationError(_("Choose an existing body or describe a new one."))
        return data


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("report file"), help_text=_("The report's file, as the import_document command reads it.")
    )


class ReportConfirmForm(forms.Form):
    """What the masthead says, for the coordinator to confirm or correct before the import runs."""

    symbol = forms.CharField(label=_("symbol"), max_length=64, required=False, help_text=_("e.g. S/2017/130"))
    language = forms.ChoiceField(label=_("language"))
    title = forms.CharField(label=_("title"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))
    source_url = forms.URLField(label=_("source URL"), required=False, max_length=200, assume_scheme="https")
    revise = forms.BooleanField(
        label=_("This is a revised text of a report already imported"),
        required=False,
        help_text=_(
            "A corrigendum or a reissue (its symbol, or the report's own): recorded as the report's next "
            "revision, every item's quote found again in it. The title and source URL stay the report's."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The languages the parser reads, named as documents name them.
        self.fields["language"].choices = [("", "---------")] + [
            (code, Language(code).label) for code in sorted(LAYOUTS)
        ]

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip()
        if not symbol:
            raise forms.ValidationError(_("The masthead gives no document symbol: type it."))
        try:
            return validate(symbol)
        except IngestError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        symbol, language = data.get("symbol"), data.get("language")
        # Refused here rather than by the worker, which would say the same a moment later.
        if data.get("revise") and symbol and language:
            amends = amended_symbol(symbol)
            if not Document.objects.filter(symbol=amends, language=language).exists():
                message = _("%(symbol)s (%(language)s) is not imported: import it first, then revise it.")
                self.add_error("revise", message % {"symbol": amends, "language": language})
        return data


class LinkDecisionForm(forms.Form):
    """A proposed predecessor of an item confirmed (with its relation) or rejected.

    The relation is checked by the service, which names the relations a wrong one may be.
    """

    link = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("reject", _("Reject"))])
    relation = forms.CharField(label=_("relation"), max_length=20, required=False)
