{
  "targets": [
    {
      "target_name": "lrlab_blas",
      "sources": ["native/blas.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "libraries": ["-lopenblas"]
    }
  ]
}
