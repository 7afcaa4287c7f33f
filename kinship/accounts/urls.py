from django.urls import path

from kinship.accounts import passkeys, views

app_name = "accounts"

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up/", views.set_up_authenticator, name="set-up-authenticator"),
    path("sign-in/passkey/begin/", passkeys.BeginSignIn.as_view(), name="passkey-sign-in-begin"),
    path(
        "sign-in/passkey/complete/",
        passkeys.CompleteSignIn.as_view(),
        name="passkey-sign-in-complete",
    ),
    path("confirm-its-you/", views.confirm_its_you, name="confirm"),
    path("passkeys/", views.passkeys, name="passkeys"),
    path("passkeys/<int:pk>/remove/", views.remove_passkey, name="remove-passkey"),
    path("passkeys/add/begin/", passkeys.BeginRegistration.as_view(), name="passkey-add-begin"),
    path(
        "passkeys/add/complete/",
        passkeys.CompleteRegistration.as_view(),
        name="passkey-add-complete",
    ),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
]
