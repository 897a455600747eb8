"""The build folder: what ``ipgov build`` writes and how (docs/corpus.md).

One job a module, so that importing a name is cheap (this package imports nothing itself):

    layout      every file and folder name of a build folder, and the default folder
    atomic      the one atomic writer (temporary file, then rename)
    per_letter  the per-letter modules: digested by the manifest, compiled in the wheel
    manifest    manifest.json and the staging journal's lines: which letters, from which bytes
    blocks      a letter's byte ranges in the stream files, read and copied
    appender    several processes appending to the stream files in key order
    allocator   keep freed memory in build processes
    workers     the worker pool that builds letters
    plan        one task per letter file, in key order, and the journal of a build under way
    merge       the merged TriG and the sorted Turtle union (external merge sort)
    commit      moving a build's files in, finishing an interrupted commit, the store
    migrate     removing what builds of an older layout left
    summary     what a build did (``BuildSummary``)
    build       ``build_corpus``: the build, from plan to commit
"""
