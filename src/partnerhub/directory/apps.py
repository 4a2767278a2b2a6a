from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "partnerhub.directory"
    label = "directory"
    verbose_name = "Partner directory"
