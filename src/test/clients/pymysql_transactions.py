"""PyMySQL with its default settings (autocommit off) against one MetaFE: commit, rollback, a failed statement.

Usage: python3 pymysql_transactions.py HOST PORT. Prints one line per check; exits non-zero on the first failure.
"""
import sys

import pymysql

host, port = sys.argv[1], int(sys.argv[2])


def connect(**kwargs):
    return pymysql.connect(host=host, port=port, user="root", **kwargs)


def count(cursor, where=""):
    cursor.execute("SELECT COUNT(*) FROM py.t" + where)
    return cursor.fetchone()[0]


def check(name, got, expected):
    if got != expected:
        print(f"FAIL {name}: got {got!r}, expected {expected!r}")
        sys.exit(1)
    print(f"ok {name}")


writer = connect()  # PyMySQL's default: autocommit=False, so it sends SET autocommit=0
reader = connect(autocommit=True)
w, r = writer.cursor(), reader.cursor()
w.execute("CREATE DATABASE IF NOT EXISTS py")
w.execute("CREATE TABLE IF NOT EXISTS py.t (k INT NOT NULL, v VARCHAR(40)) DUPLICATE KEY(k)")
check("autocommit is off by default", writer.get_autocommit(), False)

w.execute("INSERT INTO py.t VALUES (%s, %s)", (1, "it's \\ \"quoted\" ünïcödé"))
w.executemany("INSERT INTO py.t VALUES (%s, %s)", [(2, "b"), (3, None)])
check("the writer reads its own rows", count(w), 3)
check("another connection sees nothing before commit", count(r), 0)
writer.commit()
check("commit makes all rows visible", count(r), 3)
r.execute("SELECT v FROM py.t WHERE k = 1")
check("text survives", r.fetchone()[0], "it's \\ \"quoted\" ünïcödé")

w.execute("INSERT INTO py.t VALUES (4, 'gone')")
writer.rollback()
check("rollback hides the row", count(r), 3)
check("rollback hides the row from the writer too", count(w), 3)

w.execute("INSERT INTO py.t VALUES (5, 'first')")
try:
    w.execute("INSERT INTO py.t VALUES (NULL, 'second')")
    print("FAIL a NULL key was accepted")
    sys.exit(1)
except pymysql.err.MySQLError as e:
    check("the failing statement's error code", e.args[0], 1048)
writer.rollback()
check("a transaction whose second statement failed and was rolled back leaves nothing", count(r, " WHERE k = 5"), 0)

w.execute("INSERT INTO py.t VALUES (6, 'closed')")
writer.close()
check("a closed connection's open transaction is discarded", count(r, " WHERE k = 6"), 0)
reader.close()
print("all checks passed")
