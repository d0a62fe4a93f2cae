"""The two ways of working for several providers, named once.

This module imports nothing, so that settings can read it before apps are loaded.
"""

HAT = "hat"  # act for one provider at a time, chosen after signing in
BLENDED = "blended"  # see every provider's records together, filter by provider
PROVIDER_MODELS = (HAT, BLENDED)
# A deployment may also split its users between the two, to compare them from real use:
# each user is given one model, stably (research.assignment). Users only ever see theirs.
SPLIT = "split"
DEPLOYMENT_MODELS = (*PROVIDER_MODELS, SPLIT)
