"""Export the knowledge graph for network tools: GEXF (Gephi), GraphML, CSV tables and pictures."""
