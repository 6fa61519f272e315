"""Demo data of awards, one module per feature, loaded in this order (config's `load_demo` lists them):
`catalogue`, `records`, `ratings`, `proposals`, `initiatives`, `workflow`. On top of the organisation's demo
(clusters/demo/).

Decision numbers here are demo values, marked as such: the seeds do not give the real ones.
"""
