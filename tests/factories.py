import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from recommendations.models import Body, Membership


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
