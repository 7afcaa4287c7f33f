from django.urls import path

from kinship.constituencies import views

urlpatterns = [
    path("constituencies/", views.map_page, name="constituencies"),
    path("constituencies.csv", views.csv_download, name="constituencies-csv"),
    path("constituencies/all/", views.table, name="constituency-table"),
    path("constituencies/write/", views.write, name="constituency-write"),
    path("constituencies/<str:code>/", views.constituency, name="constituency"),
    path("constituencies/<str:code>/letter/", views.letter_page, name="constituency-letter"),
    path(
        "constituencies/<str:code>/letter.txt", views.letter_text, name="constituency-letter-text"
    ),
]
