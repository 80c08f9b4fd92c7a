/* The gap rules' prescan in C: gaptext.gaps.base.prescan without numpy.
 *
 * One pass over a str finds every lead character of the registered patterns
 * and keeps a place for a pattern when both neighbours pass its before/after
 * classes: the same tables, and the same answer, as the numpy pass in
 * base.py (tests/test_gaps_native.py holds the two together).  numpy needs
 * a dozen passes and temporaries to say it; this loop reads each character
 * once and touches the tables only at a lead.
 *
 *   scan(text, lead_id, lead_bits, prev_class, prev_bits, next_class, next_bits)
 *       -> {bit: [place, ...]}
 *
 * lead_id, prev_class and next_class are bytes-like tables of 0x10000 uint8,
 * indexed by code point; the three *_bits tables are 256 uint64 each (padded
 * with zeros), so that no id a uint8 table holds can read past them.  A
 * character beyond the BMP reads as U+FFFF, as does the edge of the text
 * (the numpy pass's sentinel).  The places come in text order.
 *
 * Built where a C compiler is present (setup.py marks it optional); without
 * it base.py runs the numpy pass.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define SENTINEL 0xFFFF
#define TABLE 0x10000
#define IDS 256

#if defined(_MSC_VER)
#include <intrin.h>
static int lowest_bit(uint64_t bits) {
    unsigned long b;
    _BitScanForward64(&b, bits);
    return (int)b;
}
#else
static int lowest_bit(uint64_t bits) { return __builtin_ctzll(bits); }
#endif

typedef struct {
    const uint8_t *lead_id, *prev_class, *next_class;
    const uint64_t *lead_bits, *prev_bits, *next_bits;
} Tables;

/* Append place i to the list of each pattern bit set in bits. */
static int keep(PyObject **lists, uint64_t bits, Py_ssize_t i) {
    PyObject *place = PyLong_FromSsize_t(i);
    if (place == NULL)
        return -1;
    int failed = 0;
    while (bits) {
        int b = lowest_bit(bits);
        if ((lists[b] == NULL && (lists[b] = PyList_New(0)) == NULL) || PyList_Append(lists[b], place) < 0) {
            failed = -1;
            break;
        }
        bits &= bits - 1;
    }
    Py_DECREF(place);
    return failed;
}

/* The loop, for each width of a str's characters (PEP 393). */
#define SCAN(CHAR)                                                                      \
    static int scan_##CHAR(const CHAR *s, Py_ssize_t n, const Tables *t, PyObject **lists) { \
        for (Py_ssize_t i = 0; i < n; i++) {                                             \
            Py_UCS4 c = s[i];                                                            \
            if (c > SENTINEL)                                                            \
                c = SENTINEL;                                                            \
            uint8_t lead = t->lead_id[c];                                                \
            if (!lead)                                                                   \
                continue;                                                                \
            Py_UCS4 before = i > 0 ? s[i - 1] : SENTINEL;                                \
            Py_UCS4 after = i + 1 < n ? s[i + 1] : SENTINEL;                             \
            if (before > SENTINEL)                                                       \
                before = SENTINEL;                                                       \
            if (after > SENTINEL)                                                        \
                after = SENTINEL;                                                        \
            uint64_t bits = t->lead_bits[lead] & t->prev_bits[t->prev_class[before]]    \
                            & t->next_bits[t->next_class[after]];                        \
            if (bits && keep(lists, bits, i) < 0)                                        \
                return -1;                                                               \
        }                                                                                \
        return 0;                                                                        \
    }

SCAN(Py_UCS1)
SCAN(Py_UCS2)
SCAN(Py_UCS4)

static int table(Py_buffer *view, Py_ssize_t size, const char *name) {
    if (view->len != size) {
        PyErr_Format(PyExc_ValueError, "%s must be %zd bytes, not %zd", name, size, view->len);
        return -1;
    }
    return 0;
}

static PyObject *scan(PyObject *module, PyObject *args) {
    PyObject *text, *lists[64] = {NULL}, *found = NULL;
    Py_buffer v[6];
    Tables t;
    int failed;
    static const char *names[6] = {"lead_id", "lead_bits", "prev_class", "prev_bits", "next_class", "next_bits"};
    static const Py_ssize_t sizes[6] = {TABLE, IDS * 8, TABLE, IDS * 8, TABLE, IDS * 8};
    (void)module;
    memset(v, 0, sizeof v);
    if (!PyArg_ParseTuple(args, "Uy*y*y*y*y*y*:scan", &text, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]))
        return NULL;
    for (int k = 0; k < 6; k++)
        if (table(&v[k], sizes[k], names[k]) < 0)
            goto done;
    t.lead_id = v[0].buf;
    t.lead_bits = v[1].buf;
    t.prev_class = v[2].buf;
    t.prev_bits = v[3].buf;
    t.next_class = v[4].buf;
    t.next_bits = v[5].buf;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        failed = scan_Py_UCS1(PyUnicode_1BYTE_DATA(text), PyUnicode_GET_LENGTH(text), &t, lists);
        break;
    case PyUnicode_2BYTE_KIND:
        failed = scan_Py_UCS2(PyUnicode_2BYTE_DATA(text), PyUnicode_GET_LENGTH(text), &t, lists);
        break;
    default:
        failed = scan_Py_UCS4(PyUnicode_4BYTE_DATA(text), PyUnicode_GET_LENGTH(text), &t, lists);
    }
    if (failed)
        goto done;
    if ((found = PyDict_New()) == NULL)
        goto done;
    for (int b = 0; b < 64; b++) {
        if (lists[b] == NULL)
            continue;
        PyObject *bit = PyLong_FromUnsignedLongLong(1ULL << b);
        if (bit == NULL || PyDict_SetItem(found, bit, lists[b]) < 0) {
            Py_XDECREF(bit);
            Py_CLEAR(found);
            goto done;
        }
        Py_DECREF(bit);
    }
done:
    for (int b = 0; b < 64; b++)
        Py_XDECREF(lists[b]);
    for (int k = 0; k < 6; k++)
        if (v[k].obj != NULL)
            PyBuffer_Release(&v[k]);
    return found;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(text, lead_id, lead_bits, prev_class, prev_bits, next_class, next_bits) -> {bit: [place, ...]}"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "gaptext.gaps._prescan",
    "The gap rules' prescan in C (see gaptext.gaps.base.prescan).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__prescan(void) { return PyModule_Create(&module); }
