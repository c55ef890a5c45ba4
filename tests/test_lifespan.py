"""What an API process does as it starts."""

import gc

from pulse.app import create_app
from tests.support.environment import make_settings


async def test_startup_freezes_the_objects_the_process_keeps(database_url: str) -> None:
    app = create_app(make_settings(database_url, delivery_in_process=False))
    gc.unfreeze()
    try:
        async with app.router.lifespan_context(app):
            # Modules, the app, its routes and schemas: left out of full collections.
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
