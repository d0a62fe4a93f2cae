class RecordOfAnotherProvider(Exception):
    """In the hat model, a record of another of the user's providers was asked for.

    The middleware answers with a page that offers to switch to that provider.
    """

    def __init__(self, provider, continue_url: str):
        super().__init__(f"record belongs to {provider}")
        self.provider = provider
        self.continue_url = continue_url
