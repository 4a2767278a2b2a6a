from django.contrib.auth import views as auth_views
from django.urls import path

from partnerhub.portal.views import console, home, partner

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="portal/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A partner's pages: its own users reach them, managers reach every partner's; anyone else gets 404.
    path("partners/<int:pk>/", partner.dashboard, name="partner"),
    path("partners/<int:pk>/invoices/", partner.invoices, name="partner-invoices"),
    path("partners/<int:pk>/history/", partner.timeline, name="partner-timeline"),
    path("invoices/<int:invoice_id>/", partner.invoice_detail, name="invoice"),
    # The managers' console.
    path("console/", console.queues_page, name="console"),
    path("console/partners/", console.partners, name="console-partners"),
    path("console/applications/", console.applications, name="console-applications"),
    path("console/applications/<int:pk>/", console.application, name="console-application"),
    path("console/work/", console.work_items, name="console-work"),
    path("console/work/<int:pk>/", console.work_item_resolve, name="console-work-item"),
    path("console/invoices/", console.invoices, name="console-invoices"),
    path("console/deadlines/", console.deadlines, name="console-deadlines"),
]
