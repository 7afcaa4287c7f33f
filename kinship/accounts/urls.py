from django.urls import path

from kinship.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
]
