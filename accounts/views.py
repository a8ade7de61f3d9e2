from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.scoping import areas_in_scope
from areas.models import Level


@login_required
def dashboard(request):
    """Landing page; the plan's indicators will appear here (see the indicators issue)."""
    communes = areas_in_scope(request.user).filter(level=Level.COMMUNE)
    return render(request, "dashboard.html", {"commune_count": communes.count(), "scope": request.user.area})
