from django.urls import path

from kinship.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up/", views.set_up_authenticator, name="set-up-authenticator"),
    path("confirm-its-you/", views.confirm_its_you, name="confirm"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
]
