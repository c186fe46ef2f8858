"""The run's outputs kept after it ends: the provisioning log store, its exports, and the source → target links.

``store`` appends every run as a Graph ``provisioningObjectSummary`` and filters them; ``export`` writes the
portal's JSON and three-file CSV downloads; ``links`` is the connector data store that remembers which target
object each source object was provisioned to.
"""
