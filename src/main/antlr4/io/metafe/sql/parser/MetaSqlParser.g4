// Statements MetaFE accepts: the MySQL client handshake/session queries plus StarRocks-style DDL, DML and admin.
parser grammar MetaSqlParser;

options { tokenVocab = MetaSqlLexer; }

singleStatement
    : statement SEMI* EOF
    ;

statement
    : CREATE (DATABASE | SCHEMA) (IF NOT EXISTS)? identifier                                  #createDatabase
    | DROP (DATABASE | SCHEMA) (IF EXISTS)? identifier FORCE?                                  #dropDatabase
    | SHOW (DATABASES | SCHEMAS) likeClause?                                                   #showDatabases
    | USE identifier                                                                           #use
    | createTable                                                                              #createTableStatement
    | DROP TABLE (IF EXISTS)? tableName FORCE?                                                 #dropTable
    | SHOW FULL? TABLES ((FROM | IN) identifier)? likeClause?                                  #showTables
    | (DESC | DESCRIBE | EXPLAIN) tableName                                                    #describe
    | SHOW FULL? (COLUMNS | FIELDS) (FROM | IN) tableName ((FROM | IN) identifier)? likeClause? #showColumns
    | SHOW CREATE TABLE tableName                                                              #showCreateTable
    | SHOW CREATE (DATABASE | SCHEMA) identifier                                               #showCreateDatabase
    | INSERT INTO tableName columnList? (VALUES | VALUE) rowValues (COMMA rowValues)*          #insertValues
    | INSERT INTO tableName columnList? query                                                  #insertSelect
    | query                                                                                    #select
    | SHOW TABLE STATUS ((FROM | IN) identifier)? (likeClause | WHERE expr)?                    #showTableStatus
    | SHOW TRIGGERS ((FROM | IN) identifier)? (likeClause | WHERE expr)?                       #showTriggers
    | SHOW (INDEX | INDEXES | KEYS) (FROM | IN) tableName ((FROM | IN) identifier)? (WHERE expr)? #showIndex
    | SHOW FRONTENDS                                                                           #showFrontends
    | SHOW PROC string                                                                         #showProc
    | SHOW scope? VARIABLES (likeClause | WHERE expr)?                                         #showVariables
    | SHOW scope? STATUS (likeClause | WHERE expr)?                                            #showStatus
    | SHOW WARNINGS limitClause?                                                               #showWarnings
    | SHOW ERRORS limitClause?                                                                 #showErrors
    | SHOW COLLATION (likeClause | WHERE expr)?                                                #showCollation
    | SHOW (CHARACTER SET | CHARSET) (likeClause | WHERE expr)?                                #showCharset
    | SHOW ENGINES                                                                             #showEngines
    | SHOW FULL? PROCESSLIST                                                                   #showProcesslist
    | SET setItem (COMMA setItem)*                                                             #set
    | (BEGIN WORK? | START TRANSACTION (READ (ONLY | WRITE))?)                                  #begin
    | COMMIT WORK?                                                                             #commit
    | ROLLBACK WORK?                                                                           #rollback
    | LOCK (TABLES | TABLE) lockItem (COMMA lockItem)*                                         #lockTables
    | UNLOCK (TABLES | TABLE)                                                                  #unlockTables
    | ALTER TABLE tableName (DISABLE | ENABLE) KEYS                                            #alterTableKeys
    | ALTER SYSTEM (ADD | DROP) (FOLLOWER | OBSERVER) string                                   #alterSystem
    | ALTER SYSTEM CREATE IMAGE                                                                #alterSystemCreateImage
    | ADMIN SET FRONTEND CONFIG LPAREN property (COMMA property)* RPAREN                       #adminSetFrontendConfig
    | ADMIN SHOW FRONTEND CONFIG likeClause?                                                   #adminShowFrontendConfig
    ;

likeClause
    : LIKE string
    ;

lockItem
    : tableName (AS? identifier)? (READ LOCAL? | LOW_PRIORITY? WRITE)
    ;

scope
    : GLOBAL | SESSION | LOCAL
    ;

// ---- DDL ----

createTable
    : CREATE TABLE (IF NOT EXISTS)? tableName
      LPAREN tableElement (COMMA tableElement)* RPAREN
      tableOption*
      keysClause?
      (COMMENT EQ? string)?
      distribution?
      (PROPERTIES LPAREN property (COMMA property)* RPAREN)?
    ;

// MySQL's PRIMARY KEY becomes the table's sort key; its other indexes are accepted and not kept.
tableElement
    : columnDefinition                                                    #columnElement
    | (CONSTRAINT identifier?)? PRIMARY KEY identifierList                #primaryKeyElement
    | (CONSTRAINT identifier?)? UNIQUE (KEY | INDEX)? identifier? identifierList #uniqueKeyElement
    | (KEY | INDEX) identifier? identifierList                            #indexElement
    ;

// MySQL's table options: ENGINE is checked, character sets and collations must be UTF-8 ones, the rest is accepted.
tableOption
    : ENGINE EQ? identifier                                               #engineOption
    | AUTO_INCREMENT EQ? INTEGER_VALUE                                    #autoIncrementOption
    | DEFAULT? (CHARSET | CHARACTER SET) EQ? charsetName                  #charsetOption
    | DEFAULT? COLLATE EQ? charsetName                                    #collateOption
    | COMMENT EQ string                                                   #commentOption
    | ROW_FORMAT EQ? identifier                                           #rowFormatOption
    ;

columnDefinition
    : identifier dataType aggregation=IDENTIFIER? columnAttribute*
    ;

columnAttribute
    : NOT NULL_                                                     #notNullAttribute
    | NULL_                                                         #nullAttribute
    | DEFAULT CURRENT_TIMESTAMP (LPAREN RPAREN)?                    #defaultCurrentTimestamp
    | DEFAULT (MINUS | PLUS)? literal                               #defaultLiteral
    | COMMENT string                                                #commentAttribute
    | AUTO_INCREMENT                                                #autoIncrementAttribute
    | (CHARACTER SET | CHARSET) charsetName                         #charsetAttribute
    | COLLATE charsetName                                           #collateAttribute
    | PRIMARY? KEY                                                  #primaryKeyAttribute
    | UNIQUE KEY?                                                   #uniqueAttribute
    ;

keysClause
    : kind=(DUPLICATE | AGGREGATE | UNIQUE | PRIMARY) KEY identifierList
    ;

distribution
    : DISTRIBUTED BY (HASH identifierList | RANDOM) (BUCKETS INTEGER_VALUE)?
    ;

property
    : key=string EQ value=string
    ;

// Type names are ordinary words resolved by the AST builder, so new aliases need no grammar change.
dataType
    : typeName (LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)? RPAREN)? (SIGNED | UNSIGNED)?
    ;

typeName
    : identifier
    ;

identifierList
    : LPAREN identifier (COMMA identifier)* RPAREN
    ;

// ---- DML ----

columnList
    : LPAREN identifier (COMMA identifier)* RPAREN
    ;

rowValues
    : LPAREN (expr (COMMA expr)*)? RPAREN
    ;

query
    : SELECT selectOption* (DISTINCT | ALL | DISTINCTROW)? selectOption* selectItem (COMMA selectItem)*
      (FROM relation)?
      (WHERE where=expr)?
      (GROUP BY groupBy+=expr (COMMA groupBy+=expr)*)?
      (HAVING having=expr)?
      (ORDER BY orderItem (COMMA orderItem)*)?
      limitClause?
    ;

// Hints to MySQL's optimizer and query cache; MetaFE has neither, so they change nothing.
selectOption
    : SQL_NO_CACHE | SQL_CACHE | SQL_CALC_FOUND_ROWS | STRAIGHT_JOIN | HIGH_PRIORITY | SQL_SMALL_RESULT
    | SQL_BIG_RESULT | SQL_BUFFER_RESULT
    ;

selectItem
    : STAR                                          #allColumns
    | identifier DOT STAR                           #tableColumns
    | expr (AS? alias)?                             #expressionItem
    ;

alias
    : identifier | string
    ;

relation
    : DUAL
    | tableName (AS? identifier)?
    ;

orderItem
    : expr (ASC | DESC)?
    ;

limitClause
    : LIMIT first=INTEGER_VALUE (COMMA second=INTEGER_VALUE | OFFSET offset=INTEGER_VALUE)?
    ;

// ---- SET ----

setItem
    : NAMES (charsetName (COLLATE charsetName)? | DEFAULT)                          #setNames
    | (CHARACTER SET | CHARSET) (charsetName | DEFAULT)                             #setCharacterSet
    | scope? TRANSACTION transactionCharacteristic (COMMA transactionCharacteristic)* #setTransaction
    | scope identifier assignOp setValue                                            #setScopedVariable
    | SYSTEM_VARIABLE assignOp setValue                                             #setSystemVariable
    | USER_VARIABLE assignOp setValue                                               #setUserVariable
    | identifier assignOp setValue                                                  #setVariable
    ;

assignOp
    : EQ | ASSIGN
    ;

setValue
    : DEFAULT
    | expr
    ;

charsetName
    : identifier | string
    ;

transactionCharacteristic
    : ISOLATION LEVEL isolationLevel
    | READ (ONLY | WRITE)
    ;

isolationLevel
    : READ COMMITTED | READ UNCOMMITTED | REPEATABLE READ | SERIALIZABLE
    ;

// ---- Expressions, lowest precedence first as in MySQL; ANTLR gives earlier alternatives higher precedence ----

expr
    : NOT expr                                      #notExpr
    | expr (AND | LOGICAL_AND) expr                 #andExpr
    | expr XOR expr                                 #xorExpr
    | expr (OR | LOGICAL_OR) expr                   #orExpr
    | predicate                                     #predicateExpr
    ;

predicate
    : predicate IS NOT? (NULL_ | TRUE | FALSE)                          #isPredicate
    | predicate comparisonOperator valueExpr                            #comparison
    | predicate NOT? BETWEEN valueExpr AND valueExpr                    #between
    | predicate NOT? IN LPAREN query RPAREN                             #inSubquery
    | predicate NOT? IN LPAREN expr (COMMA expr)* RPAREN                #inList
    | predicate NOT? LIKE valueExpr                                     #like
    | valueExpr                                                         #valuePredicate
    ;

comparisonOperator
    : EQ | NULL_SAFE_EQ | NEQ | LT | LTE | GT | GTE
    ;

valueExpr
    : op=(MINUS | PLUS | TILDE | BANG) valueExpr                        #unary
    | valueExpr op=(STAR | SLASH | PERCENT | DIV | MOD) valueExpr       #multiplicative
    | valueExpr op=(PLUS | MINUS) valueExpr                             #additive
    | primary                                                           #primaryValue
    ;

primary
    : literal                                                                  #literalPrimary
    | QUESTION                                                                 #parameterMarker
    | SYSTEM_VARIABLE                                                          #systemVariable
    | USER_VARIABLE                                                            #userVariable
    | CAST LPAREN expr AS castType RPAREN                                      #cast
    | CONVERT LPAREN expr COMMA castType RPAREN                                #convert
    | CONVERT LPAREN expr USING charsetName RPAREN                             #convertUsing
    | CASE operand=expr? whenClause+ (ELSE elseValue=expr)? END                #case
    | functionName LPAREN (STAR | (DISTINCT | ALL)? expr (COMMA expr)*)? RPAREN #functionCall
    | name=(CURRENT_TIMESTAMP | CURRENT_DATE | CURRENT_USER)                   #niladicFunction
    | identifier (DOT identifier)?                                             #columnReference
    | LPAREN query RPAREN                                                      #scalarSubquery
    | EXISTS LPAREN query RPAREN                                               #exists
    | LPAREN expr RPAREN                                                       #parenthesized
    ;

whenClause
    : WHEN condition=expr THEN result=expr
    ;

castType
    : typeName (LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)? RPAREN)? suffix=identifier?
    ;

functionName
    : identifier | IF | DATABASE | SCHEMA | MOD | DATE | TIMESTAMP | CURRENT_TIMESTAMP | CURRENT_DATE
    | CURRENT_USER | INSERT
    ;

literal
    : NULL_                             #nullLiteral
    | TRUE                              #trueLiteral
    | FALSE                             #falseLiteral
    | INTEGER_VALUE                     #integerLiteral
    | DECIMAL_VALUE                     #decimalLiteral
    | DOUBLE_VALUE                      #doubleLiteral
    | string+                           #stringLiteral
    | DATE string                       #dateLiteral
    | TIMESTAMP string                  #timestampLiteral
    ;

string
    : SINGLE_QUOTED | DOUBLE_QUOTED
    ;

tableName
    : identifier (DOT identifier)?
    ;

identifier
    : IDENTIFIER
    | BACKQUOTED_IDENTIFIER
    | nonReserved
    ;

// Keywords that MySQL or StarRocks let users write as plain names (columns such as `status`, `comment`, `date`).
nonReserved
    : ADMIN | AGGREGATE | BEGIN | BUCKETS | CHARSET | COLLATION | COLUMNS | COMMENT | COMMIT | COMMITTED | CONFIG
    | DATE | DUPLICATE | ENGINE | ENGINES | ERRORS | FIELDS | FOLLOWER | FRONTEND | FRONTENDS | FULL | GLOBAL
    | HASH | IMAGE | ISOLATION | LEVEL | LOCAL | NAMES | OBSERVER | OFFSET | ONLY | PROC | PROCESSLIST
    | PROPERTIES | RANDOM | REPEATABLE | ROLLBACK | SERIALIZABLE | SESSION | SIGNED | START | STATUS | SYSTEM
    | TABLES | TIMESTAMP | TRANSACTION | UNCOMMITTED | UNSIGNED | VALUE | VARIABLES | WARNINGS | WORK | WRITE
    | SCHEMAS | DISABLE | ENABLE | AUTO_INCREMENT | ROW_FORMAT | TRIGGERS | INDEXES
    ;
