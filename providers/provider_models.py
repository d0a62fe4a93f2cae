"""The two ways of working for several providers, named once.

This module imports nothing, so that settings can read it before apps are loaded.
"""

HAT = "hat"  # act for one provider at a time, chosen after signing in
BLENDED = "blended"  # see every provider's records together, filter by provider
PROVIDER_MODELS = (HAT, BLENDED)
