from django.urls import path

from . import feeds, views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("new/", views.new_alert, name="new"),
    path("<int:pk>/edit/", views.edit_alert, name="edit"),
    path("<int:pk>/pause/", views.pause_alert, name="pause"),
    path("<int:pk>/delete/", views.delete_alert, name="delete"),
    path("settings/", views.preferences, name="preferences"),
    path("settings/token/", views.reissue_token, name="reissue_token"),
    path("settings/resubscribe/", views.resubscribe, name="resubscribe"),
    path("settings/address/", views.clear_bounce, name="clear_bounce"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/<str:token>/feed.<str:kind>", feeds.ranked_feed, name="ranked_feed"),
    path("feeds/<str:token>/<int:pk>.<str:kind>", feeds.alert_feed, name="alert_feed"),
    path("calendar/<str:token>.ics", feeds.calendar, name="calendar"),
]
