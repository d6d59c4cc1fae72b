"""thinc's CPU ops with numpy's matrix product, for the spaCy parse.

thinc multiplies matrices with cython-blis. The blis wheels from 1.2 on select BLIS's generic
kernels on x86-64 machines such as this project's CI machine (an AMD EPYC with AVX2:
`BLIS_ARCH_DEBUG=1` prints "selecting sub-configuration 'generic'"), where numpy's OpenBLAS
multiplies the parse's matrices three times as fast. The trees are the same either way
(tests/test_matmul.py), and the parse takes about two thirds of the time.

OpenBLAS is held to one thread: the pool's workers are the parallelism, and on a sentence's
small matrices OpenBLAS's extra threads spin, costing several times the work they save.
"""
from __future__ import annotations

from functools import cache
from typing import Any

_limits: list[Any] = []  # the thread limit lasts while it is held


@cache
def matmul_ops() -> Any:
    """thinc's NumpyOps with numpy's matmul for gemm; OpenBLAS set to one thread."""
    import numpy as np
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    class MatmulOps(NumpyOps):
        def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
            x, y = (x.T if trans1 else x), (y.T if trans2 else y)
            if out is None:
                return np.matmul(x, y)
            np.matmul(x, y, out=out)
            return out

    _limits.append(threadpool_limits(limits=1, user_api="blas"))
    return MatmulOps()


def use_matmul(nlp: Any) -> Any:
    """The spaCy pipeline, each layer of its models set to `matmul_ops()`."""
    ops = matmul_ops()
    for _, pipe in nlp.pipeline:
        for layer in pipe.model.walk() if hasattr(pipe, "model") else ():
            layer.ops = ops
    return nlp
