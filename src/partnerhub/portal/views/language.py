"""The language page: every signed-in user (a manager or a partner's user) chooses the portal's language, or
leaves it to the browser (core.languages, docs/languages.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from partnerhub.core import forms
from partnerhub.core.languages import choose_language, chosen_language
from partnerhub.portal.common import REFUSALS, refuse


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        # Each language by its own name, as a reader of it looks for it; the first: the browser decides.
        field.choices = [("", gettext("As my browser asks")), *settings.LANGUAGES]


@login_required
def language(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["language"]
            try:
                choose_language(user=user, language=chosen, request=request)  # type: ignore[arg-type]
            except REFUSALS as error:
                refuse(form, error)
            else:
                # Said in the language just chosen, which the next page speaks.
                spoken = chosen or translation.get_language_from_request(request)
                with translation.override(spoken):
                    messages.success(request, gettext("The portal now speaks your chosen language."))
                response = redirect("portal:language")
                # Kept after signing out, so that the sign-in page speaks it too.
                if chosen:
                    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax")
                else:
                    response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
                return response
    else:
        form = LanguageForm(initial={"language": chosen_language(user)})
    return render(request, "portal/language.html", {"form": form, "active": "language"})
