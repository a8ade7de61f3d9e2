from accounts.models import Role, User
from jobs.models import Job
from jobs.runner import jobs_reap


def job_list(*, user: User):
    """A user's own jobs; an administrator sees everyone's. A job whose worker died shows as interrupted."""
    jobs_reap()  # one indexed UPDATE: running jobs whose lease ran out
    jobs = Job.objects.select_related("created_by")
    return jobs if user.role == Role.ADMIN else jobs.filter(created_by=user)
