import pytest


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run the jobs a block enqueues, as the immediate backend does after a real commit."""
    def run():
        return django_capture_on_commit_callbacks(execute=True)
    return run
