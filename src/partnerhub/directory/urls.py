from django.urls import path

from partnerhub.directory.api import DirectoryView

urlpatterns = [path("directory/", DirectoryView.as_view(), name="directory")]
