from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views.annotations import DocumentAnnotationPageView, DocumentAnnotationsView, ItemAnnotationView
from .views.bodies import BodyViewSet
from .views.calendars import CalendarFeedView, RotateCalendarView
from .views.documents import DocumentViewSet, ParagraphViewSet
from .views.items import EventViewSet, ItemViewSet
from .views.me import MeView
from .views.quotes import ItemQuotesView
from .views.summary import SummaryView
from .views.tokens import LoginView, LogoutAllView, LogoutView

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("items", ItemViewSet, basename="item")
router.register("events", EventViewSet, basename="event")
router.register("bodies", BodyViewSet, basename="body")

paragraphs = ParagraphViewSet.as_view({"get": "list"})
paragraph = ParagraphViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    path("", include(router.urls)),
    path("documents/<int:document_pk>/paragraphs/", paragraphs, name="paragraph-list"),
    path("documents/<int:document_pk>/paragraphs/<int:number>/", paragraph, name="paragraph-detail"),
    path("items/<int:pk>/annotation/", ItemAnnotationView.as_view(), name="item-annotation"),
    path("items/<int:pk>/quotes/", ItemQuotesView.as_view(), name="item-quotes"),
    path("documents/<int:document_pk>/annotations/", DocumentAnnotationsView.as_view(), name="document-annotations"),
    path(
        "documents/<int:document_pk>/annotations/page/",
        DocumentAnnotationPageView.as_view(),
        name="document-annotation-page",
    ),
    path("me/", MeView.as_view(), name="me"),
    path("me/calendar/rotate/", RotateCalendarView.as_view(), name="calendar-rotate"),
    path("calendar/<str:secret>.ics", CalendarFeedView.as_view(), name="calendar-feed"),
    path("reports/summary/", SummaryView.as_view(), name="summary"),
    path("auth/login/", LoginView.as_view(), name="knox-login"),
    path("auth/logout/", LogoutView.as_view(), name="knox-logout"),
    path("auth/logoutall/", LogoutAllView.as_view(), name="knox-logoutall"),
]
