from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from injuries.models import Condition, Exercise


class ConditionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Condition.objects.filter(is_published=True).order_by("slug")

    def lastmod(self, condition):
        return condition.updated_at


class ExerciseSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Exercise.objects.filter(is_published=True).order_by("slug")

    def lastmod(self, exercise):
        return exercise.updated_at


class PagesSitemap(Sitemap):
    def items(self):
        return ["injuries:conditions", "injuries:exercises", "injuries:matcher", "journal:home"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"conditions": ConditionSitemap, "exercises": ExerciseSitemap, "pages": PagesSitemap}
