"""What the API reads and writes. Writes are validated here and applied by the services."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracker.api.serializers import StrictSerializer

from ..ingest import IngestError
from ..ingest.layout import LAYOUTS
from ..ingest.symbols import validate as validate_symbol
from ..models import Body, Citation, Document, Event, Item, ItemOwner, Link, Paragraph, Section
from ..models.items import SUMMARY_MAX_LENGTH
from ..rows import api_url, item_json
from ..rows import item_row as item_row  # the item list writes its rows with it (views.items)
from ..services.exchange import COLUMN_HELP, COLUMNS
from ..workflow import CLOSURE_REVIEWS, TRANSITIONS


class ExportRowSerializer(serializers.Serializer):
    """One row of an export: every value as text, in the schema the import reads."""

    # Its fields are the file's columns (``exchange.COLUMNS``), not a second list of them.
    def get_fields(self):
        return {name: serializers.CharField(help_text=COLUMN_HELP.get(name)) for name in COLUMNS}


class OwnerSerializer(StrictSerializer):
    body = serializers.SlugRelatedField(slug_field="code", queryset=Body.objects.all())
    role = serializers.ChoiceField(choices=ItemOwner.Role.choices, default=ItemOwner.Role.LEAD)


class LineageSerializer(serializers.Serializer):
    # Fields over ``models.lineage.Linked``; ``rows.lineage_entry`` writes the same, a test holds them together.
    relation = serializers.ChoiceField(
        choices=Link.Relation.choices, help_text="read from the later item to the earlier: the later one repeats, …"
    )
    direction = serializers.ChoiceField(
        choices=["earlier", "later"],
        help_text="earlier: this item repeats, follows up or supersedes that one; later: that one does so to this",
    )
    item = serializers.IntegerField(help_text="the other item's id")
    reference = serializers.CharField()
    key = serializers.CharField()
    document = serializers.CharField(help_text="the other item's document symbol")
    url = serializers.SerializerMethodField(help_text="the other item in the API")

    def get_url(self, linked) -> str:
        return api_url(linked.item)


# An item as ``rows.item_json`` writes it. The fields describe that row for the schema (a
# docstring would be published there); their sources make DRF write the same row field by field,
# which a test holds the row builder to.
class ItemSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    key = serializers.CharField(read_only=True)
    document = serializers.CharField(source="document.symbol", read_only=True)
    language = serializers.CharField(source="document.language", read_only=True)
    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True)
    owners = OwnerSerializer(source="ownerships", many=True, read_only=True)
    lineage = LineageSerializer(
        many=True, read_only=True, help_text="confirmed links to items of other reports that the caller may see"
    )
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    etag = serializers.CharField(read_only=True)

    class Meta:
        model = Item
        fields = [
            "id", "reference", "key", "document", "language", "paragraph", "sub_item", "kind", "status",
            "response", "summary", "summary_zh", "quote", "quote_start", "quote_end", "quote_hash", "speaker",
            "owners", "lineage", "due_date", "priority", "progress", "closure_proposed", "overdue", "version", "etag",
            "last_activity_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, item) -> dict:
        # By the row builder rather than field by field: items are the API's hottest path
        # (bench/api_list.py), and lists, exports and webhooks write the same row.
        return item_json(item, self._today())

    def _today(self):
        # One date for the whole page (and no time zone lookups per row).
        if not hasattr(self, "_today_value"):
            self._today_value = timezone.localdate()
        return self._today_value


class ItemUpdateSerializer(StrictSerializer):
    """PATCH /items/{id}/: what a coordinator curates. Status and response move by transitions."""

    kind = serializers.ChoiceField(choices=Item.Kind.choices, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=SUMMARY_MAX_LENGTH)
    summary_zh = serializers.CharField(required=False, allow_blank=True, max_length=SUMMARY_MAX_LENGTH)
    priority = serializers.ChoiceField(choices=Item.Priority.choices, required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    owners = OwnerSerializer(many=True, required=False)

    def validate_owners(self, owners):
        codes = [o["body"].code for o in owners]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError("a body is listed twice", code="duplicate")
        return owners


class ItemCreateSerializer(StrictSerializer):
    """POST /items/: a coordinator adds an item the extractor missed, from a span of a paragraph."""

    document = serializers.SlugRelatedField(slug_field="symbol", queryset=Document.objects.all())
    language = serializers.ChoiceField(choices=sorted(LAYOUTS), required=False)
    paragraph = serializers.IntegerField(min_value=1)
    quote_start = serializers.IntegerField(min_value=0)
    quote_end = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=Item.Kind.choices)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=SUMMARY_MAX_LENGTH, default="")
    summary_zh = serializers.CharField(required=False, allow_blank=True, max_length=SUMMARY_MAX_LENGTH, default="")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    priority = serializers.ChoiceField(choices=Item.Priority.choices, required=False, default=Item.Priority.NORMAL)
    owners = OwnerSerializer(many=True, required=False, default=list)

    def validate(self, data):
        document = data["document"]
        if data.get("language") and data["language"] != document.language:
            document = Document.objects.filter(symbol=document.symbol, language=data["language"]).first()
            if document is None:
                raise serializers.ValidationError({"language": "no such language version of the document"})
        para = Paragraph.objects.filter(document=document, number=data["paragraph"]).first()
        if para is None:
            raise serializers.ValidationError({"paragraph": f"{document.symbol} has no paragraph {data['paragraph']}"})
        if not data["quote_start"] < data["quote_end"] <= len(para.text):
            raise serializers.ValidationError(
                {"quote_end": f"the span must lie within the paragraph's {len(para.text)} characters, start < end"}
            )
        data["document"], data["paragraph"] = document, para
        return data


class TransitionSerializer(StrictSerializer):
    # A proposed closure is accepted or returned here too: integrating systems review closures as people do.
    action = serializers.ChoiceField(choices=sorted([*TRANSITIONS, *CLOSURE_REVIEWS]))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=500, default="")
    evidence_symbol = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")

    def validate_evidence_symbol(self, value):
        if not value:
            return value
        try:
            return validate_symbol(value)
        except IngestError as exc:
            raise serializers.ValidationError(str(exc), code="invalid_symbol") from None

    def validate(self, data):
        if data["action"] in CLOSURE_REVIEWS:
            for field in ("evidence_url", "evidence_symbol"):
                if data[field]:
                    message = f"{data['action']} takes the evidence proposed; to close with other evidence, implement"
                    raise serializers.ValidationError({field: message}, code="evidence_not_taken")
        return data


class CommentSerializer(StrictSerializer):
    comment = serializers.CharField(max_length=5000)


class ProgressSerializer(StrictSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100, default=None)


class EventSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, default=None, allow_null=True)
    evidence_url = serializers.CharField(read_only=True, help_text="a web address, or empty")
    evidence_link = serializers.CharField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id", "item", "kind", "action", "actor", "created_at", "from_value", "to_value", "comment",
            "progress", "evidence_url", "evidence_symbol", "evidence_link", "version",
        ]  # fmt: skip
        read_only_fields = fields


class BodySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Body
        fields = ["code", "name_en", "name_zh", "abbreviation", "parent", "aliases_zh", "aliases_en"]
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "kind", "number", "heading", "meeting_date", "order", "columns", "rows"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    source_url = serializers.CharField(read_only=True, help_text="a web address, or empty")
    undocs_url = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id", "symbol", "language", "original_language", "title", "date", "issuing_body", "source_url",
            "undocs_url", "checksum", "imported_at", "sections",
        ]  # fmt: skip
        read_only_fields = fields


class CitationSerializer(serializers.ModelSerializer):
    symbol = serializers.CharField(source="reference.symbol", read_only=True)
    url = serializers.CharField(read_only=True)

    class Meta:
        model = Citation
        fields = ["symbol", "start", "end", "url"]
        read_only_fields = fields


class ParagraphSerializer(serializers.ModelSerializer):
    document = serializers.CharField(source="document.symbol", read_only=True)
    section = serializers.CharField(source="section.__str__", read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Paragraph
        fields = ["id", "document", "number", "section", "text", "text_hash", "sub_items", "citations", "items"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_items(self, paragraph) -> list[int]:
        return [item.pk for item in getattr(paragraph, "visible_items", [])]


class DocumentImportSerializer(StrictSerializer):
    file = serializers.FileField()
    symbol = serializers.CharField(max_length=Document._meta.get_field("symbol").max_length)
    language = serializers.ChoiceField(choices=sorted(LAYOUTS))
    source_url = serializers.URLField(
        required=False, allow_blank=True, default="", max_length=Document._meta.get_field("source_url").max_length
    )


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    email = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    bodies = serializers.ListField(child=serializers.DictField())
    open_items = ItemSerializer(many=True)
    calendar_url = serializers.URLField()


class SummaryRowSerializer(serializers.Serializer):
    body = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    implemented = serializers.IntegerField()
    tracked = serializers.IntegerField()
    implementation_rate = serializers.FloatField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_body = SummaryRowSerializer(many=True)
    overdue = serializers.IntegerField()
    stale = serializers.IntegerField()


class QuoteSerializer(serializers.Serializer):
    """An item's words in one language version of its report (the schema of ``views.quotes``)."""

    language = serializers.CharField()
    paragraph = serializers.IntegerField(help_text="the paragraph's number, the same in every language")
    paragraph_text = serializers.CharField()
    quote = serializers.CharField(help_text="paragraph_text[start:end]")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    carried = serializers.ChoiceField(
        choices=["original", "sentence", "sub_item", "paragraph"],
        help_text="original: the words the item was made from; else how they were carried into this language",
    )


class QuotesSerializer(serializers.Serializer):
    results = QuoteSerializer(many=True)
