from django.contrib.auth import views as auth_views
from django.shortcuts import render

from kinship.accounts.decorators import staff_required
from kinship.accounts.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@staff_required
def staff_home(request):
    return render(request, "accounts/staff_home.html")
