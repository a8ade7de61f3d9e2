from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from areas.filters import AreaFilter
from areas.selectors import area_list
from common.views import paginate


@login_required
def area_list_view(request):
    """Browse and search the administrative units (reference data, readable by all staff)."""
    queryset = area_list()
    if not request.GET:
        user_area = request.user.area
        queryset = queryset.within(user_area) if user_area else queryset.filter(level="province")
    filterset = AreaFilter(request.GET or None, queryset=queryset)
    page, query = paginate(request, filterset.qs)
    return render(request, "areas/area_list.html", {"filter": filterset, "page": page, "query": query})
