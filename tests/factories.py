import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from recommendations.models import Addressee, Body, Document, Item, Link, Membership, Paragraph, Section, text_hash


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "secret-password")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in names))
        if create:
            self.save()


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"body{n}")
    name_en = factory.LazyAttribute(lambda b: f"Body {b.code}")
    name_zh = factory.LazyAttribute(lambda b: f"机构{b.code}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.MEMBER


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    symbol = factory.Sequence(lambda n: f"S/2099/{n + 100}")
    language = "en"
    checksum = factory.LazyAttribute(lambda d: text_hash(d.symbol))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    document = factory.SubFactory(DocumentFactory)
    kind = Section.Kind.CHAPTER
    number = "III"
    heading = "Conclusions and recommendations"
    order = factory.Sequence(lambda n: n)


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    document = factory.SubFactory(DocumentFactory)
    section = factory.SubFactory(SectionFactory, document=factory.SelfAttribute("..document"))
    number = factory.Sequence(lambda n: n + 1)
    text = "The regional partners and the Secretariat should strengthen consultations before each mandate renewal."
    text_hash = factory.LazyAttribute(lambda p: text_hash(p.text))
    source_start = 0
    source_end = factory.LazyAttribute(lambda p: len(p.text))


class ItemFactory(factory.django.DjangoModelFactory):
    """A proposed item quoting its whole paragraph, as the extractor proposes one."""

    class Meta:
        model = Item

    paragraph = factory.SubFactory(ParagraphFactory)
    document = factory.LazyAttribute(lambda i: i.paragraph.document)
    seq = factory.Sequence(lambda n: n + 1)
    kind = Item.Kind.RECOMMENDATION
    status = Item.Status.PROPOSED
    quote_start = 0
    quote_end = factory.LazyAttribute(lambda i: len(i.paragraph.text))
    quote = factory.LazyAttribute(lambda i: i.paragraph.text[i.quote_start : i.quote_end])
    quote_hash = factory.LazyAttribute(lambda i: text_hash(i.quote))


class AddresseeFactory(factory.django.DjangoModelFactory):
    """Words of the item's paragraph that no body stands for."""

    class Meta:
        model = Addressee

    item = factory.SubFactory(ItemFactory)
    words = "regional partners"
    start = factory.LazyAttribute(lambda a: a.item.paragraph.text.index(a.words))
    end = factory.LazyAttribute(lambda a: a.start + len(a.words))


class LinkFactory(factory.django.DjangoModelFactory):
    """A proposed lineage link between items of two reports."""

    class Meta:
        model = Link

    item = factory.SubFactory(ItemFactory)
    earlier = factory.SubFactory(ItemFactory)
    relation = Link.Relation.REPEATS
    similarity = 0.8
