{
  "targets": [
    {
      "target_name": "lrlab_blas",
      "sources": [
        "native/addon.c",
        "native/blas.c",
        "native/elementwise.c",
        "native/heap.c",
        "native/conv.c",
        "native/direct-conv.c",
        "native/isa.c",
        "native/kernel-path.c",
        "native/parallel.c",
        "native/reduce.c",
        "native/batch-norm.c",
        "native/onednn.c"
      ],
      "cflags": [
        "-O3",
        "-ffp-contract=off",
        "-Wall",
        "-Wextra",
        "-pthread"
      ],
      "libraries": [
        "-lopenblas"
      ],
      "conditions": [
        [
          "'<!(test -f /usr/include/oneapi/dnnl/dnnl.h && echo yes || echo no)'=='yes'",
          {
            "defines": ["LRLAB_ONEDNN"],
            "cflags": ["-fopenmp"],
            "libraries": ["-ldnnl", "-fopenmp"]
          }
        ]
      ]
    }
  ]
}
