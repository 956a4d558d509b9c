from django.urls import path

from . import views

app_name = "learning"

# Fixed words first: a course or lesson slug may not be one of them (curriculum.RESERVED_SLUGS).
urlpatterns = [
    path("", views.index, name="index"),
    path("certificates/<str:number>/", views.verify, name="verify"),
    path("certificates/<str:number>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("files/<int:pk>/", views.file, name="file"),
    path("<slug:slug>/", views.course, name="course"),
    path("<slug:slug>/quiz/", views.quiz, name="quiz"),
    path("<slug:slug>/quiz/attempts/<int:pk>/", views.attempt, name="attempt"),
    path("<slug:course>/<slug:slug>/", views.lesson, name="lesson"),
    path("<slug:course>/<slug:slug>/done/", views.lesson_done, name="lesson_done"),
]
