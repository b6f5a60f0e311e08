"""The summary report: the dashboard's counts as JSON."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.api.schema import with_errors

from ...dashboard import dashboard_for
from .. import serializers as s


class SummaryView(APIView):
    @extend_schema(responses=with_errors(s.SummarySerializer, 401))
    def get(self, request):
        """Counts by status × owner body, overdue and stale counts, implementation rate per body."""
        board = dashboard_for(request.user, limit=0)
        keys = [key for key, _ in board.columns]
        return Response(
            {
                "by_status": dict(zip(keys, board.totals, strict=True)),
                "by_body": [
                    {
                        "body": row.body.code,
                        "counts": dict(zip(keys, row.counts, strict=True)),
                        "implemented": row.implemented,
                        "tracked": row.tracked,
                        "implementation_rate": (row.implemented / row.tracked) if row.tracked else None,
                    }
                    for row in board.rows
                ],
                "overdue": board.overdue_count,
                "stale": board.stale_count,
            }
        )
