package io.metafe.sql.parser;

import io.metafe.sql.ast.Expr;
import io.metafe.sql.ast.SetItem;
import io.metafe.sql.ast.VarScope;
import io.metafe.sql.parser.MetaSqlParser.*;
import java.util.List;

/** Builds the items of SET statements. */
final class SetBuilder {
  private SetBuilder() {}

  static List<SetItem> items(SetContext ctx) {
    return ctx.setItem().stream().map(SetBuilder::item).toList();
  }

  private static SetItem item(SetItemContext ctx) {
    if (ctx instanceof SetVariableContext c) {
      return new SetItem.Variable(
          VarScope.SESSION, Texts.identifier(c.identifier()), value(c.setValue()));
    } else if (ctx instanceof SetScopedVariableContext c) {
      return new SetItem.Variable(
          scope(c.scope()), Texts.identifier(c.identifier()), value(c.setValue()));
    } else if (ctx instanceof SetSystemVariableContext c) {
      Expr.VariableRef ref = ExprBuilder.systemVariable(c.SYSTEM_VARIABLE().getText());
      VarScope scope = ref.scope() == VarScope.DEFAULT ? VarScope.SESSION : ref.scope();
      return new SetItem.Variable(scope, ref.name(), value(c.setValue()));
    } else if (ctx instanceof SetUserVariableContext c) {
      return new SetItem.Variable(
          VarScope.USER,
          ExprBuilder.userVariableName(c.USER_VARIABLE().getText()),
          value(c.setValue()));
    } else if (ctx instanceof SetNamesContext c) {
      if (c.DEFAULT() != null) {
        return new SetItem.Names(null, null);
      }
      return new SetItem.Names(
          charset(c.charsetName(0)), c.charsetName().size() > 1 ? charset(c.charsetName(1)) : null);
    } else if (ctx instanceof SetCharacterSetContext c) {
      return new SetItem.CharacterSet(c.DEFAULT() != null ? null : charset(c.charsetName()));
    } else if (ctx instanceof SetTransactionContext c) {
      String isolation = null;
      Boolean readOnly = null;
      for (TransactionCharacteristicContext t : c.transactionCharacteristic()) {
        if (t.isolationLevel() != null) {
          IsolationLevelContext level = t.isolationLevel();
          isolation =
              level.SERIALIZABLE() != null
                  ? "SERIALIZABLE"
                  : level.REPEATABLE() != null
                      ? "REPEATABLE-READ"
                      : level.COMMITTED() != null ? "READ-COMMITTED" : "READ-UNCOMMITTED";
        } else {
          readOnly = t.ONLY() != null;
        }
      }
      VarScope scope = c.scope() == null ? VarScope.DEFAULT : scope(c.scope());
      return new SetItem.Transaction(scope, isolation, readOnly);
    }
    throw new IllegalStateException("unhandled " + ctx.getClass().getSimpleName());
  }

  static VarScope scope(ScopeContext ctx) {
    return ctx.GLOBAL() != null ? VarScope.GLOBAL : VarScope.SESSION;
  }

  /** Null for DEFAULT; a bare word (ON, OFF, STRICT_ALL_TABLES) is the string MySQL would store. */
  private static Expr value(SetValueContext ctx) {
    if (ctx.DEFAULT() != null) {
      return null;
    }
    Expr value = ExprBuilder.expr(ctx.expr());
    if (value instanceof Expr.ColumnRef ref && ref.tableOrNull() == null) {
      return new Expr.Literal(ref.name());
    }
    return value;
  }

  private static String charset(CharsetNameContext ctx) {
    return ctx.identifier() != null
        ? Texts.identifier(ctx.identifier())
        : Texts.string(ctx.string());
  }
}
