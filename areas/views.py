from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from areas.filters import AreaFilter
from areas.selectors import area_list


@login_required
def area_list_view(request):
    """Browse and search the administrative units (reference data, readable by all staff)."""
    queryset = area_list()
    if not request.GET:
        user_area = request.user.area
        queryset = queryset.within(user_area) if user_area else queryset.filter(level="province")
    filterset = AreaFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "areas/area_list.html", {"filter": filterset, "page": page, "query": query.urlencode()})
