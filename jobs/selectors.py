from accounts.models import Role, User
from jobs.models import Job


def job_list(*, user: User):
    """A user's own jobs; an administrator sees everyone's."""
    jobs = Job.objects.select_related("created_by")
    return jobs if user.role == Role.ADMIN else jobs.filter(created_by=user)
