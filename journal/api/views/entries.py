"""The runner's entries over HTTP: shoes, runs, check-ins, injury episodes, exercise completions."""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.utils import extend_schema, extend_schema_view

from journal.api import serializers as s
from journal.api.views.base import ENTRY_PARAMS, IF_MATCH, QUEUE_ACCOUNT, EntryViewSet, date_filter
from journal.entries import selectors, services
from journal.models import Checkin, ExerciseCompletion, InjuryEpisode, Run, Shoe


def _entry_schema(name: str, plural: str, serializer: type) -> Callable:
    return extend_schema_view(
        list=extend_schema(summary=f"List your {plural}, newest first"),
        create=extend_schema(
            summary=f"Create a {name} (idempotent with your own id)",
            parameters=[QUEUE_ACCOUNT],
            responses={200: serializer, 201: serializer},
        ),
        retrieve=extend_schema(summary=f"One {name}", parameters=ENTRY_PARAMS),
        update=extend_schema(
            summary=f"Create or replace a {name} at your own id",
            parameters=[*ENTRY_PARAMS, IF_MATCH, QUEUE_ACCOUNT],
            responses={200: serializer, 201: serializer},
        ),
        partial_update=extend_schema(
            summary=f"Change some fields of a {name}", parameters=[*ENTRY_PARAMS, IF_MATCH, QUEUE_ACCOUNT]
        ),
        destroy=extend_schema(summary=f"Delete a {name}", parameters=[*ENTRY_PARAMS, IF_MATCH]),
    )


@_entry_schema("shoe", "shoes", s.ShoeSerializer)
class ShoeViewSet(EntryViewSet):
    model = Shoe
    serializer_class = s.ShoeSerializer
    put_keeps = frozenset({"is_default"})
    id_argument = "shoe_id"
    rows = staticmethod(selectors.shoes_by_name)
    create_service = staticmethod(services.shoe_create)
    update_service = staticmethod(lambda shoe, **data: services.shoe_save(shoe=shoe, **data))
    delete_service = staticmethod(lambda shoe, **kw: services.shoe_delete(shoe=shoe, **kw))


@_entry_schema("run", "runs", s.RunSerializer)
class RunViewSet(EntryViewSet):
    model = Run
    serializer_class = s.RunSerializer
    id_argument = "run_id"
    filterset_class = date_filter(Run)
    rows = staticmethod(selectors.runs_newest_first)
    create_service = staticmethod(services.run_record)
    update_service = staticmethod(lambda run, **data: services.run_update(run=run, **data))
    delete_service = staticmethod(lambda run, **kw: services.run_delete(run=run, **kw))


@_entry_schema("check-in", "check-ins", s.CheckinSerializer)
class CheckinViewSet(EntryViewSet):
    model = Checkin
    serializer_class = s.CheckinSerializer
    # A PUT without a time keeps the stored one (set when the check-in was first stored).
    put_keeps = frozenset({"time"})
    id_argument = "checkin_id"
    filterset_class = date_filter(Checkin)
    rows = staticmethod(selectors.checkins_newest_first)
    create_service = staticmethod(services.checkin_record)
    update_service = staticmethod(lambda checkin, **data: services.checkin_update(checkin=checkin, **data))
    delete_service = staticmethod(lambda checkin, **kw: services.checkin_delete(checkin=checkin, **kw))


@_entry_schema("injury episode", "injury episodes", s.EpisodeSerializer)
class EpisodeViewSet(EntryViewSet):
    model = InjuryEpisode
    serializer_class = s.EpisodeSerializer
    id_argument = "episode_id"
    rows = staticmethod(selectors.episodes_newest_first)
    create_service = staticmethod(services.episode_record)
    update_service = staticmethod(lambda episode, **data: services.episode_update(episode=episode, **data))
    delete_service = staticmethod(lambda episode, **kw: services.episode_delete(episode=episode, **kw))


@_entry_schema("exercise completion", "exercise completions", s.CompletionSerializer)
class CompletionViewSet(EntryViewSet):
    model = ExerciseCompletion
    serializer_class = s.CompletionSerializer
    id_argument = "completion_id"
    filterset_class = date_filter(ExerciseCompletion)
    rows = staticmethod(selectors.completions_newest_first)
    create_service = staticmethod(services.completion_record)
    update_service = staticmethod(
        lambda completion, **data: services.completion_update(completion=completion, **data)
    )
    delete_service = staticmethod(
        lambda completion, **kw: services.completion_delete(completion=completion, **kw)
    )
