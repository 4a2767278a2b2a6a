from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "partnerhub.people"
    label = "people"
    verbose_name = "People, certifications and good standing"

    def ready(self) -> None:
        # A partner rejoining has its fee waived when it fulfils the participation requirements (§2.0);
        # partners (below people) asks that through `partners.upstream`, and people names its judge there.
        from partnerhub.partners import upstream
        from partnerhub.people.selectors import participation_requirements_met

        upstream.register(requirements_met=participation_requirements_met)
